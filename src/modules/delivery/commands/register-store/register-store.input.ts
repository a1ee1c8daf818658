import { Field, Float, InputType } from 'type-graphql';
import { ArrayMaxSize, IsNumber, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LocationInput, OpeningWindowInput } from '../../queries/delivery.types';

@InputType()
export class RegisterStoreInput {
  @Field() @Length(1, 200) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field({ defaultValue: '' }) @Length(0, 2_000) description!: string;
  @Field() @Length(1, 500) @Matches(/\S/, { message: 'address must not be blank' }) address!: string;
  @Field(() => LocationInput) @ValidateNested() location!: LocationInput;
  @Field(() => Float, { description: '0.1 to 50 km' }) @IsNumber() @Min(0.1) @Max(50) deliveryRadiusKm!: number;
  @Field(() => [OpeningWindowInput], { description: 'At most 21 windows (three a day)' })
  @ArrayMaxSize(21) @ValidateNested({ each: true }) openingHours!: OpeningWindowInput[];
}
