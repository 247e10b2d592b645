/**
 * Grouping accuracy exactly as logparser's evaluator computes it: a line counts only when the set of
 * lines in its predicted group equals the set of lines of its ground-truth event. Template text plays
 * no part, so a parser is judged on how it partitions the lines.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new Error(`predicted ${predicted.length} lines, ground truth has ${truth.length}`);
  if (truth.length === 0) return 1;
  const truthSizes = countBy(truth);
  const groups = new Map<string, number[]>();
  predicted.forEach((group, line) => {
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [line]);
    else members.push(line);
  });
  let correct = 0;
  for (const members of groups.values()) {
    const event = truth[members[0]!]!;
    if (members.every((line) => truth[line] === event) && truthSizes.get(event) === members.length) correct += members.length;
  }
  return correct / truth.length;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
