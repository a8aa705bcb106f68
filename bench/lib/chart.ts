// A small log-log line chart as SVG: one line per series, for latency against corpus size.

export interface Series {
  name: string
  points: Array<[number, number]>
}

const COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']

export function logLogChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const width = 720
  const height = 440
  const margin = { left: 70, right: 220, top: 40, bottom: 50 }
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0)
  const [xMin, xMax] = decades(all.map(([x]) => x))
  const [yMin, yMax] = decades(all.map(([, y]) => y))
  const px = (x: number) =>
    margin.left + ((Math.log10(x) - xMin) / (xMax - xMin)) * (width - margin.left - margin.right)
  const py = (y: number) =>
    height - margin.bottom - ((Math.log10(y) - yMin) / (yMax - yMin)) * (height - margin.top - margin.bottom)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin.left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ]
  for (let d = xMin; d <= xMax; d++) {
    const x = px(10 ** d)
    parts.push(`<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${height - margin.bottom}" stroke="#ddd"/>`)
    parts.push(`<text x="${x}" y="${height - margin.bottom + 18}" text-anchor="middle">${label(10 ** d)}</text>`)
  }
  for (let d = yMin; d <= yMax; d++) {
    const y = py(10 ** d)
    parts.push(`<line x1="${margin.left}" y1="${y}" x2="${width - margin.right}" y2="${y}" stroke="#ddd"/>`)
    parts.push(`<text x="${margin.left - 8}" y="${y + 4}" text-anchor="end">${label(10 ** d)}</text>`)
  }
  parts.push(
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
  )
  parts.push(
    `<text transform="translate(16 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  )
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]
    const points = s.points.filter(([x, y]) => x > 0 && y > 0)
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`,
    )
    for (const [x, y] of points)
      parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${colour}"/>`)
    const ly = margin.top + 10 + i * 20
    parts.push(
      `<line x1="${width - margin.right + 15}" y1="${ly}" x2="${width - margin.right + 40}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
    )
    parts.push(`<text x="${width - margin.right + 46}" y="${ly + 4}">${escapeXml(s.name)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}

function decades(values: number[]): [number, number] {
  const logs = values.map(Math.log10)
  return [Math.floor(Math.min(...logs)), Math.ceil(Math.max(...logs))]
}

function label(v: number): string {
  if (v >= 1e6) return `${v / 1e6}M`
  if (v >= 1e3) return `${v / 1e3}k`
  return v >= 1 ? String(v) : String(Number(v.toPrecision(1)))
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
}
