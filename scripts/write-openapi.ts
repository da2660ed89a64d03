/** `npm run openapi`: writes docs/openapi.json from the endpoint catalog (a unit test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiText } from '../lib/api/openapi-document';

writeFileSync(OPENAPI_FILE, openApiText());
console.log(`wrote ${OPENAPI_FILE.pathname}`);
