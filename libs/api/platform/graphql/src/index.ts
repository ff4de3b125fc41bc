export * from './lib/domain.exception';
export * from './lib/format-error';
export * from './lib/cursor';
export * from './lib/loaders';
export * from './lib/domain-exception.filter';
export * from './lib/already-exists';
