import type { Scopes } from '../config/remediation-config';

/** `*` matches any run of characters (including none), `?` exactly one; everything else literally. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

export interface ScopeVerdict {
  allowed: boolean;
  detail: string;
}

/** Deny wins over allow, so an exclusion can carve a pipeline out of an allowed project. */
export function checkScope(scopes: Scopes, projectId: string | undefined, pipelineId: string): ScopeVerdict {
  const project = projectId ?? '';
  const deniedProject = scopes.denyProjects.find((p) => globMatches(p, project));
  if (deniedProject !== undefined) return { allowed: false, detail: `project "${project}" matches deny pattern "${deniedProject}"` };
  const deniedPipeline = scopes.denyPipelines.find((p) => globMatches(p, pipelineId));
  if (deniedPipeline !== undefined) return { allowed: false, detail: `pipeline "${pipelineId}" matches deny pattern "${deniedPipeline}"` };
  if (!scopes.allowProjects.some((p) => globMatches(p, project))) return { allowed: false, detail: `project "${project}" matches no allowed project pattern` };
  if (!scopes.allowPipelines.some((p) => globMatches(p, pipelineId))) return { allowed: false, detail: `pipeline "${pipelineId}" matches no allowed pipeline pattern` };
  return { allowed: true, detail: `project "${project}" and pipeline "${pipelineId}" are in scope` };
}
