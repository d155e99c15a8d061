export * from './answers.ts';
export * from './embeddings.ts';
export * from './evidence.ts';
export * from './people.ts';
export * from './scope-versions.ts';
export * from './slack-events.ts';
export * from './workflow-instances.ts';
export * from './workspaces.ts';
