-- One database and one owning role per process (database per service: no process can read
-- another's tables). Run once by the postgres image on an empty data directory
-- (/docker-entrypoint-initdb.d), or by hand on a managed PostgreSQL 15 as a superuser:
--   psql "$ADMIN_URL" -f infra/postgres/init.sql
-- The roles are created without a password; set them afterwards (compose does it with
-- infra/postgres/set-passwords.sh from the *_DB_PASSWORD variables):
--   ALTER ROLE kc_registry PASSWORD '...';
-- Names must match the *_DATABASE_URL values (compose.yaml, the khuyencong-db Secret).

CREATE ROLE kc_registry LOGIN;
CREATE ROLE kc_projects LOGIN;
CREATE ROLE kc_budget LOGIN;
CREATE ROLE kc_gateway LOGIN;
CREATE ROLE kc_reports LOGIN;

CREATE DATABASE khuyencong_registry OWNER kc_registry ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE khuyencong_projects OWNER kc_projects ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE khuyencong_budget OWNER kc_budget ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE khuyencong_gateway OWNER kc_gateway ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE khuyencong_reports OWNER kc_reports ENCODING 'UTF8' TEMPLATE template0;

-- Nobody but the owner connects (PUBLIC has CONNECT by default).
REVOKE ALL ON DATABASE khuyencong_registry FROM PUBLIC;
REVOKE ALL ON DATABASE khuyencong_projects FROM PUBLIC;
REVOKE ALL ON DATABASE khuyencong_budget FROM PUBLIC;
REVOKE ALL ON DATABASE khuyencong_gateway FROM PUBLIC;
REVOKE ALL ON DATABASE khuyencong_reports FROM PUBLIC;
