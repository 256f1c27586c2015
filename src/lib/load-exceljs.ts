// exceljs and its ~300 modules (zip writers, stream and ES polyfills) are needed only to write a workbook — the
// import template (5.11) and the DND download (8.3) — so they load on first use, not with every process.
export const loadExcelJs = () => import('exceljs');
