import type { Classification, EventClassifier } from '../domain/classification';
import type { ClassifiedEvent, PipelineEvent } from '../domain/pipeline-event';

/** Only failures get a category: a success or progress line is not evidence of any failure type. */
export function classifyEvent(
  event: PipelineEvent,
  classifier: EventClassifier,
): { event: ClassifiedEvent; classification: Classification | null } {
  if (event.status !== 'failed') return { event: { ...event, category: null }, classification: null };
  const classification = classifier.classify({ message: event.errorMessage ?? '', source: event.source, codes: event.codes });
  const classifiedEvent: ClassifiedEvent = { ...event, category: classification.category };
  if (classification.signature !== undefined) classifiedEvent.signatureId = classification.signature;
  return { event: classifiedEvent, classification };
}
