import type { ReadModel } from '../projection';

export const MERCHANT_QUEUE_GENERATION_KEY = 'merchant-queue:v1:generation';
export const MERCHANT_QUEUE_READ_MODEL: ReadModel = { name: 'merchant-queue', tables: ['merchant_order_read'], generationKey: MERCHANT_QUEUE_GENERATION_KEY };

export interface MerchantOrderRead {
  id: string;
  storeId: string;
  customerId: string;
  status: string;
  paymentStatus: string;
  items: Array<{ menuItemId: string; name: string; quantity: number; unitPrice: number; lineTotal: number }>;
  total: number;
  placedAt: string;
  estimatedReadyAt: string | null;
  version: number;
}
