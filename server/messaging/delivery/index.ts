/** Delivery of the message outbox, exactly once: see worker.ts for the whole path. */
export { claimBatch, recordFailed, recordRetry, recordSent, type ClaimedBatch } from "./batches";
export { composeBatch, loadBatch, renderInputFor, type OutgoingEmail } from "./compose";
export { DELIVERY_CHANNEL, notifyDelivery, onWake, wakeDelivery } from "./wake";
export { reserveSlot } from "./rate";
export {
  mailboxTransport,
  resendTransport,
  transportFromEnv,
  type SendOutcome,
  type Transport,
} from "./transport";
export {
  batchIdempotencyKey,
  deliverAll,
  deliverOnce,
  startDeliveryLoop,
  type DeliveryLoop,
  type DeliveryOptions,
  type DeliveryStep,
} from "./worker";
