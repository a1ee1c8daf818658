import { runCommand } from '../../../graphql/run-command';
import type { DeliveryOrder } from '../domain/delivery-order';
import type { PaymentAnswer } from '../payments/order-payment';
import { DeliveryOrderPayload, DeliveryOrderType } from '../queries/delivery.types';

/**
 * runCommand for the mutations that pay: the order is in the payload even with CARD_DECLINED or
 * PAYMENT_TEMPORARILY_UNAVAILABLE (it exists and waits), so those userErrors are part of the
 * answer, not a refusal that rolled something back.
 */
export async function runPaymentCommand(input: object, run: () => Promise<PaymentAnswer>): Promise<DeliveryOrderPayload> {
  let answer: PaymentAnswer | undefined;
  const payload = await runCommand<DeliveryOrderPayload>(input, { order: null, retryAfterSeconds: null }, async () => {
    answer = await run();
    return { order: DeliveryOrderType.from(answer.order), retryAfterSeconds: answer.retryAfterSeconds };
  });
  return answer ? Object.assign(payload, { userErrors: answer.userErrors }) : payload;
}

/** runCommand for a plain transition: the order after it. */
export const runOrderCommand = (input: object, run: () => Promise<DeliveryOrder>): Promise<DeliveryOrderPayload> =>
  runCommand<DeliveryOrderPayload>(input, { order: null, retryAfterSeconds: null }, async () => ({ order: DeliveryOrderType.from(await run()), retryAfterSeconds: null }));
