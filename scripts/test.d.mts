// The lists scripts/test.mjs runs by (read by test/house/test-loop.test.ts).
export declare const SLOW: string[];
export declare const PACKAGE: string[];
export declare const TZ_UNITS: string[];
