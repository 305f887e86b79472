"""The append-only promises below the application, on PostgreSQL.

The server runs as a role that owns nothing (docs/deploy.md: ``vahti_app``); the tables belong
to the migration role (``vahti_owner``). Row triggers on the access log, its seals and every
history table refuse UPDATE and DELETE unless the statement runs as the table's owner *and* the
transaction has declared maintenance (``SET LOCAL vahti.maintenance = 'on'``): migrations and
key rotation, run by the owner, do; the application's role cannot, whatever it sets.

The access log's retention prune is the one removal the application itself makes. It calls
``audit_access_log_prune(through, cutoff)``, a function owned by the owner and run with its
rights (SECURITY DEFINER), which refuses a cutoff inside the retention period fixed when the
function was installed. A session variable alone, as before, let the application's role delete
any row.

SQLite, the single-machine default, has no roles: there the keyed chain and the head kept
outside the database (``vahti_verify_audit``) find what these triggers would refuse."""

from __future__ import annotations

from django.conf import settings

_REFUSE = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
  IF current_setting('vahti.maintenance', true) = 'on' AND current_user = (
       SELECT tableowner FROM pg_catalog.pg_tables
        WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$ LANGUAGE plpgsql"""

_PRUNE = """
CREATE OR REPLACE FUNCTION audit_access_log_prune(through bigint, cutoff timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE removed bigint;
BEGIN
  IF cutoff > clock_timestamp() - make_interval(days => {days}) THEN
    RAISE EXCEPTION 'the access log keeps its rows for {days} days';
  END IF;
  IF EXISTS (SELECT 1 FROM audit_accessrecord WHERE sequence <= through AND at >= cutoff) THEN
    RAISE EXCEPTION 'rows up to % are not all older than the cutoff', through;
  END IF;
  PERFORM set_config('vahti.maintenance', 'on', true);
  DELETE FROM audit_accessrecord WHERE sequence <= through;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('vahti.maintenance', 'off', true);
  RETURN removed;
END $$"""

TRIGGER = "audit_append_only"


def history_tables(connection) -> list[str]:
    return sorted(name for name in connection.introspection.table_names() if "_historical" in name)


def guarded_tables(connection) -> list[str]:
    return [
        "audit_accessrecord",
        "audit_historyseal",
        "audit_accesslogprune",
        *history_tables(connection),
    ]


def install(connection) -> list[str]:
    """Create or renew the functions and put the trigger on every guarded table that lacks it
    (run as the owner: migrations and ``vahti_audit_install``). Returns the tables it guarded."""
    if connection.vendor != "postgresql":
        return []
    added = []
    with connection.cursor() as cursor:
        cursor.execute(_REFUSE)
        cursor.execute(_PRUNE.format(days=int(settings.ACCESS_LOG_RETENTION_DAYS)))
        # The earlier, per-table triggers (migrations 0002 and 0006) give way to one name.
        cursor.execute(
            "DROP TRIGGER IF EXISTS audit_accessrecord_append_only ON audit_accessrecord"
        )
        cursor.execute("DROP TRIGGER IF EXISTS audit_historyseal_append_only ON audit_historyseal")
        present = triggered_tables(connection)
        for table in guarded_tables(connection):
            if table in present:
                continue
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "
                f"{connection.ops.quote_name(table)} FOR EACH ROW "
                "EXECUTE FUNCTION audit_refuse_change()"
            )
            added.append(table)
    return added


def triggered_tables(connection) -> set[str]:
    """The tables that have the append-only trigger (none on SQLite)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_catalog.pg_trigger t "
            "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER],
        )
        return {name for (name,) in cursor.fetchall()}


def unguarded_tables(connection) -> list[str]:
    """Guarded tables without the trigger; [] on SQLite."""
    if connection.vendor != "postgresql":
        return []
    present = triggered_tables(connection)
    return [table for table in guarded_tables(connection) if table not in present]


def prune_floor_days(connection) -> int | None:
    """The retention period the installed prune function enforces (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosrc FROM pg_catalog.pg_proc WHERE proname = 'audit_access_log_prune'"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    marker = "make_interval(days => "
    source = row[0]
    start = source.find(marker)
    return int(source[start + len(marker) : source.index(")", start)]) if start >= 0 else None
