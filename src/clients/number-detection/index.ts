/** Number detection (空号检测): the interface, helpers and the HTTP vendor adapter. */
export { DetectionClass, DETECTION_LABELS, combineDetectors, segmentDetector } from './number-detector.js';
export type { NumberDetector } from './number-detector.js';
export { HttpNumberDetector } from './http-number-detector.js';
export type { BatchFailure, HttpNumberDetectorOptions } from './http-number-detector.js';
export { DEFAULT_STATUS_MAP, parseDetectionResponse } from './detection-response.js';
export type { CircuitBreakerOptions } from './circuit-breaker.js';
