import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ADMIN_ONLY, IS_PUBLIC } from '../../apps/api/auth/auth.decorators';
import { ROUTE_SCHEMA, type RouteSchema } from '../../apps/api/http/route-schema';

export interface RouteEntry {
  method: string;
  path: string;
  adminOnly: boolean;
  isPublic: boolean;
  /** The route's zod schema (defineRoute), if it has one. */
  schema: RouteSchema | undefined;
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every route the running app registered, read from Nest's own controller metadata. */
export function routeTable(app: INestApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || path === undefined) continue;
        const meta = (key: string) =>
          Boolean(Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller));
        routes.push({
          method: RequestMethod[method],
          path: joinPath(base, path),
          adminOnly: meta(ADMIN_ONLY),
          isPublic: meta(IS_PUBLIC),
          schema: Reflect.getMetadata(ROUTE_SCHEMA, handler) as RouteSchema | undefined,
        });
      }
    }
  }
  return routes;
}
