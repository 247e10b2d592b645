/** Plain-text table for terminal reports: left-aligned text, right-aligned numbers. */
export function formatTable(headers: string[], rows: Array<Array<string | number>>): string {
  // Newlines and tabs would break the grid: a cell is always one line.
  const cells = rows.map((row) => row.map((cell) => String(cell).replace(/\s+/g, ' ')));
  const widths = headers.map((header, column) =>
    Math.min(80, Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length))),
  );
  const isNumeric = headers.map((_header, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  const render = (row: string[]) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        const clipped = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
        return isNumeric[column] ? clipped.padStart(width) : clipped.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const lines = [render(headers), widths.map((width) => '-'.repeat(width)).join('  ')];
  for (const row of cells) lines.push(render(row));
  if (rows.length === 0) lines.push('(none)');
  return lines.join('\n');
}
