-- The trace context of the work a message is the outcome of (W3C traceparent by default), put into
-- its record's headers when it is sent; messages of untraced work have none.
alter table mesh_outbox add column trace_context text null;
