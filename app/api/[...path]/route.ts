import { notFoundRoute } from '@/lib/api/handler';

// Any /api path without a route of its own answers a JSON 404, never an HTML page.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = notFoundRoute();
export const POST = notFoundRoute();
export const PUT = notFoundRoute();
export const PATCH = notFoundRoute();
export const DELETE = notFoundRoute();
