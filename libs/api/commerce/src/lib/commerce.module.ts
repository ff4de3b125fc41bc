import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProductEntity } from './products/product.entity';
import { ProductsService } from './products/products.service';

/**
 * The commerce domain (SPEC E): the catalogue today; orders and payments join it here, each with
 * its entity, service and (when the operator app needs it) resolver. Other domains read products
 * through ProductsService, never the table.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProductEntity])],
  providers: [ProductsService],
  exports: [ProductsService],
})
export class CommerceModule {}
