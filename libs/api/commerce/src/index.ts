export * from './lib/products/product.entity';
export * from './lib/products/products.service';
export * from './lib/products/catalogue.service';
export * from './lib/products/money';
export * from './lib/products/product.object';
export * from './lib/client-products/client-products.service';
export * from './lib/client-products/message-poster.port';
export * from './lib/commerce.module';
