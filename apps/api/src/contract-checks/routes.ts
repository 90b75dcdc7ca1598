// Every HTTP route the Nest app declares, read from the controllers' metadata, with the role decision the global
// AuthGuard will apply to it (explicit @Public / @RequireRole, or the default by method).
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { defaultRole } from '@pulseboard/api/auth';
import { IS_PUBLIC_KEY, REQUIRED_ROLE_KEY } from '@pulseboard/api/core';
import type { Role } from '@pulseboard/shared/contracts';

export type RoleDecision = 'public' | Role;

export interface RouteInfo {
  method: string;
  /** Express-style path with the global prefix, e.g. `/api/counters/:id/decrement`. */
  path: string;
  decision: RoleDecision;
  /** Whether the decision is written on the route or its controller (false: the default by method). */
  explicit: boolean;
  handler: string;
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** All routes of `app`, sorted by path then method. */
export function listRoutes(app: INestApplication, globalPrefix = 'api'): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  const seen = new Set<unknown>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!ctrl || seen.has(ctrl)) continue;
      seen.add(ctrl);
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name] as object;
        const methodMeta = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const pathMeta = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodMeta === undefined || pathMeta === undefined) continue;
        const method = RequestMethod[methodMeta];
        const isPublic = Reflect.getMetadata(IS_PUBLIC_KEY, handler) ?? Reflect.getMetadata(IS_PUBLIC_KEY, ctrl);
        const role = (Reflect.getMetadata(REQUIRED_ROLE_KEY, handler) ?? Reflect.getMetadata(REQUIRED_ROLE_KEY, ctrl)) as Role | undefined;
        const decision: RoleDecision = isPublic ? 'public' : (role ?? defaultRole(method));
        for (const cp of ctrlPaths) {
          for (const hp of ([] as string[]).concat(pathMeta)) {
            routes.push({
              method,
              path: joinPath(globalPrefix, cp, hp),
              decision,
              explicit: !!isPublic || !!role,
              handler: `${ctrl.name}.${name}`,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The route table as committed in docs/routes.md (one line per route). */
export function routeTable(routes: RouteInfo[]): string {
  const lines = routes.map(
    (r) => `| \`${r.method}\` | \`${r.path}\` | ${r.decision} | ${r.explicit ? 'explicit' : 'default for the method'} |`,
  );
  return ['| method | path | least role | decision |', '| --- | --- | --- | --- |', ...lines].join('\n');
}
