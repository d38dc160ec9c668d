/** Excel's own limits: anything beyond them is not a workbook or CSV Excel wrote. */
export const LIMITS = { rows: 1_048_576, columns: 16_384, cellChars: 32_767 };
