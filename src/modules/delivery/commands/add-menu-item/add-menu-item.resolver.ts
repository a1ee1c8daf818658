import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { MenuItemPayload, MenuItemType } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { AddMenuItemInput } from './add-menu-item.input';
import { addMenuItem } from './add-menu-item.handler';

@Resolver()
export class AddMenuItemResolver {
  @Authorized('MERCHANT')
  @Mutation(() => MenuItemPayload, { description: "Adds an item to your store's menu" })
  addMenuItem(@Arg('input') input: AddMenuItemInput, @Ctx() ctx: AppContext): Promise<MenuItemPayload> {
    return runCommand(input, { menuItem: null }, async () => ({ menuItem: MenuItemType.from(await addMenuItem(deliveryDepsOf(ctx.services), ctx.user!.id, input)) }));
  }
}
