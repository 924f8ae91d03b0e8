/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->`, keeping the markers. */
export function replaceSection(markdown: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const startIndex = markdown.indexOf(start);
  const endIndex = markdown.indexOf(end);
  if (startIndex < 0 || endIndex < startIndex) throw new Error(`the markers ${start} … ${end} are missing`);
  return `${markdown.slice(0, startIndex + start.length)}\n${content.trim()}\n${markdown.slice(endIndex)}`;
}

/** One markdown table row; pipes in cells are escaped. */
export function tableRow(cells: ReadonlyArray<string>): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}
