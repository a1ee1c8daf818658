import { accountPage, walletPage } from './pages/account';
import { cartPage } from './pages/cart';
import { catalogPage, productPage } from './pages/catalog';
import { couponsPage } from './pages/coupons';
import { ordersPage } from './pages/orders';
import { popularPage } from './pages/popular';
import { eventsPage, performancePage } from './pages/tickets';
import { cart, session } from './session';

const root = document.getElementById('app')!;
let leave: (() => void) | void;

function header() {
  document.getElementById('account-link')!.textContent = session.signedIn() ? 'Account' : 'Sign in';
  cart.save(cart.lines());
}

/** Hash routes: #/, #/product/<id>, #/popular, #/events, #/performance/<id>, #/coupons, #/cart, #/orders, #/wallet, #/account. */
function route() {
  if (typeof leave === 'function') leave();
  leave = undefined;
  const [, page = '', id] = location.hash.split('/');
  if (page === 'product' && id) void productPage(root, id);
  else if (page === 'popular') void popularPage(root);
  else if (page === 'events') void eventsPage(root);
  else if (page === 'performance' && id) leave = performancePage(root, id);
  else if (page === 'coupons') void couponsPage(root);
  else if (page === 'cart') void cartPage(root);
  else if (page === 'orders') leave = ordersPage(root);
  else if (page === 'wallet') void walletPage(root);
  else if (page === 'account') accountPage(root, header);
  else leave = catalogPage(root);
}

window.addEventListener('hashchange', route);
header();
route();
