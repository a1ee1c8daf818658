import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { MenuItemPayload, MenuItemType } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { UpdateMenuItemInput } from './update-menu-item.input';
import { updateMenuItem } from './update-menu-item.handler';

@Resolver()
export class UpdateMenuItemResolver {
  @Authorized('MERCHANT')
  @Mutation(() => MenuItemPayload, { description: 'Edits an item of your menu (stale expectedVersion → CONFLICT)' })
  updateMenuItem(@Arg('input') input: UpdateMenuItemInput, @Ctx() ctx: AppContext): Promise<MenuItemPayload> {
    return runCommand(input, { menuItem: null }, async () => ({ menuItem: MenuItemType.from(await updateMenuItem(deliveryDepsOf(ctx.services), ctx.user!.id, input)) }));
  }
}
