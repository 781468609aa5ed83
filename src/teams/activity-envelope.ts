import { z } from 'zod';

// The first check on every POST /api/messages body, before botbuilder sees it: the shape it relies on, bounded in depth and size.

/** Deepest nesting any activity the Bot Connector sends reaches is about 10; 64 leaves room and stops stack-depth attacks. */
export const maxDepth = 64;
/** Objects and arrays in one activity, at most (a card action with a large form stays far below). */
export const maxNodes = 20_000;

const id = z.string().min(1).max(1024);
const account = z.looseObject({ id, name: z.string().max(1024).optional(), aadObjectId: z.string().max(128).optional() });

const envelopeSchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    id: z.string().max(1024).optional(),
    name: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2048),
    from: account.optional(),
    recipient: account.optional(),
    conversation: z.looseObject({ id, conversationType: z.string().max(64).optional(), tenantId: z.string().max(128).optional() }),
    replyToId: z.string().max(1024).optional(),
    text: z.string().max(100_000).optional(),
    entities: z.array(z.unknown()).max(100).optional(),
    attachments: z.array(z.unknown()).max(50).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.type === 'invoke' && !a.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'an invoke activity needs a name' });
  });

/** Why the body cannot be an activity, in words (undefined when it can). Iterative: no recursion on hostile input. */
export function envelopeProblem(body: unknown): string | undefined {
  const shape = depthAndSize(body);
  if (shape) return shape;
  const parsed = envelopeSchema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `The activity is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}.`;
}

function depthAndSize(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'The request body is not an activity (a JSON object).';
  const stack: [unknown, number][] = [[body, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return `The activity is nested more than ${maxDepth} levels deep.`;
    if (++nodes > maxNodes) return `The activity has more than ${maxNodes} objects and arrays.`;
    for (const child of Object.values(value as Record<string, unknown>)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return undefined;
}
