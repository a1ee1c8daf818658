import { canonicalJson } from './canonical-json';
import { requestHash } from './idempotency';

describe('idempotency request hash', () => {
  it('ignores object key order and absent fields, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, 1], c: undefined })).toBe('{"a":[2,1],"b":1}');
    expect(requestHash({ items: [{ quantity: 1, productId: 'p' }], couponId: null }))
      .toBe(requestHash({ couponId: null, items: [{ productId: 'p', quantity: 1 }] }));
    expect(requestHash({ items: [1, 2] })).not.toBe(requestHash({ items: [2, 1] }));
    expect(requestHash({ amount: 1 })).not.toBe(requestHash({ amount: 2 }));
  });

  it('treats a missing couponId like null', () => {
    expect(requestHash({ couponId: undefined })).toBe(requestHash({}));
  });
});
