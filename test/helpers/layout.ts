import type { Locator, Page } from 'playwright-core';

/** Cells whose text is cut: their content is wider than the box that shows it. */
export function clippedCells(page: Page, selector: string): Promise<Array<string | null>> {
  return page
    .locator(selector)
    .evaluateAll((cells) =>
      cells
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.textContent),
    );
}

/** The texts of a recharts chart (ticks, marker labels) that reach outside its drawing area. */
export function clippedChartLabels(chart: Locator): Promise<Array<string | null>> {
  return chart.evaluate((element) => {
    const svg = element.querySelector('.recharts-wrapper > svg')!.getBoundingClientRect();
    return [...element.querySelectorAll('.recharts-wrapper > svg text')]
      .map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }))
      .filter(
        ({ box }) =>
          box.left < svg.left - 0.5 ||
          box.right > svg.right + 0.5 ||
          box.top < svg.top - 0.5 ||
          box.bottom > svg.bottom + 0.5,
      )
      .map(({ text }) => text);
  });
}
