/**
 * Airflow writes one run's logical date in several spellings: the Composer label
 * "2026-11-21T03:00:00+00:00", the compact "20261121T030000" in "Marking task as ..." lines, and
 * inside run ids ("scheduled__2026-11-21T03:00:00+00:00"). One canonical UTC form, to the second,
 * lets every line of a run carry the same runId. (The compact form drops fractions, hence seconds.)
 */
export function canonicalExecutionDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(raw);
  if (compact !== null) {
    const [, year, month, day, hour, minute, second] = compact;
    return `${year}-${month}-${day}T${hour}:${minute}:${second}+00:00`;
  }
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw.trim());
  if (iso === null) return undefined;
  const zone = iso[3] === undefined || /^z$/i.test(iso[3]) ? 'Z' : iso[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const millis = Date.parse(`${iso[1]}T${iso[2]}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  return `${new Date(millis).toISOString().slice(0, 19)}+00:00`;
}

/** Airflow-generated run ids end in the logical date; user-supplied run ids are returned as undefined. */
export function executionDateInRunId(runId: string | undefined): string | undefined {
  const match = /^(?:scheduled|manual|backfill|dataset_triggered|asset_triggered)__(.+)$/.exec(runId ?? '');
  return canonicalExecutionDate(match?.[1]);
}
