-- Statement triggers with transition tables: every INSERT or UPDATE on catalog_item (ORM
-- save, bulk_update, COPY, raw SQL) re-indexes the rows it wrote, in one set-based pass
-- (functions.sql). CREATE OR REPLACE TRIGGER needs PostgreSQL 14 or later.

CREATE OR REPLACE TRIGGER catalog_item_search_insert AFTER INSERT ON catalog_item
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_index_rows();
CREATE OR REPLACE TRIGGER catalog_item_search_update AFTER UPDATE ON catalog_item
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_index_rows();
