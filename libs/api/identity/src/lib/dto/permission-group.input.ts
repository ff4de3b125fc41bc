import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Permission } from '@parley/shared/contracts';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';

registerEnumType(Permission, { name: 'Permission', description: 'SPEC F1 rights; an operator holds their role defaults ∪ their groups.' });

export const MAX_GROUP_MEMBERS = 500;

@InputType()
export class CreatePermissionGroupInput {
  @Field() @IsString() @MaxLength(80, { message: 'The name may have at most 80 characters' }) name: string;
  @Field(() => [Permission]) @IsArray() @IsEnum(Permission, { each: true, message: 'Unknown permission' }) permissions: Permission[];
}

@InputType()
export class UpdatePermissionGroupInput {
  @Field(() => ID) @IsString() @MaxLength(64) id: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(80, { message: 'The name may have at most 80 characters' }) name?: string;
  @Field(() => [Permission], { nullable: true }) @IsOptional() @IsArray() @IsEnum(Permission, { each: true, message: 'Unknown permission' }) permissions?: Permission[];
}

@InputType()
export class SetPermissionGroupMembersInput {
  @Field(() => ID) @IsString() @MaxLength(64) groupId: string;
  @Field(() => [ID]) @IsArray() @ArrayMaxSize(MAX_GROUP_MEMBERS) @IsString({ each: true }) operatorIds: string[];
}

@ObjectType('PermissionGroup')
export class PermissionGroupObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [Permission]) permissions: Permission[];
  @Field(() => [ID]) memberIds: string[];
}
