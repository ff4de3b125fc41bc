export * from './lib/product.entity';
