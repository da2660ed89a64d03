/** @module The OpenAPI document of this version of Switchboard, as served at /api/v1/openapi.json and kept in docs/. */
import { readFileSync } from 'node:fs';
import { endpoints } from './endpoints/catalog';
import { getOpenApi } from './endpoints/openapi';
import { buildOpenApiDocument } from './openapi';

export const OPENAPI_FILE = new URL('../../docs/openapi.json', import.meta.url);

export function currentOpenApiDocument(): unknown {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return buildOpenApiDocument([...endpoints, getOpenApi], version);
}

export const openApiText = () => `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`;
