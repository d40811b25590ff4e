-- Why an offline check-in was rejected or was a duplicate, as a code a page can put in its own language
-- (the English reason stays for API clients and logs). Entries stored before this have no code.
alter table checkin_batch_entry add column reason_code text;
