import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsUUID } from 'class-validator';

export const MAX_RESEND = 100;

@InputType()
export class RetryFailedExportsInput {
  @Field(() => [ID], { description: `FailedExport ids, 1 to ${MAX_RESEND}` })
  @ArrayMinSize(1) @ArrayMaxSize(MAX_RESEND) @IsUUID('all', { each: true, message: 'ids must be FailedExport ids' })
  ids!: string[];
}
