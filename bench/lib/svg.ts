// A few SVG primitives for the charts: no library, no external service, text escaped.

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: string; fill?: string } = {}): string {
  const { anchor = 'start', size = 12, weight = 'normal', fill = '#222' } = options;
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, fill: string, title?: string): string {
  const tip = title === undefined ? '' : `<title>${escapeXml(title)}</title>`;
  return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, width).toFixed(1)}" height="${height.toFixed(1)}" fill="${fill}">${tip}</rect>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, dashed = false): string {
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}" stroke-width="1"${dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
}

export function document(width: number, height: number, body: readonly string[], title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    rect(0, 0, width, height, '#ffffff'),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Colours for series, readable on white and in grey scale order. */
export const palette = ['#9aa5b1', '#1f6feb', '#0a7f5a', '#c0782c', '#8250df', '#cf222e'] as const;
