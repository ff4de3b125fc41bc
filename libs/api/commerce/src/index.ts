export * from './lib/products/product.entity';
export * from './lib/products/products.service';
export * from './lib/commerce.module';
