-- Schema for the Orleans ADO.NET providers (clustering and grain storage), owned by this project.
-- The providers look their SQL up in orleansquery by key, bind parameters by name (@DeploymentId, @GrainIdHash, ...)
-- and read result columns by name; the tables behind those queries are ours. Every statement is idempotent.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey   varchar(64) NOT NULL,
    querytext  text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

-- Grain storage: one row per (service, state name, grain). "version" is the ETag; a write names the version it
-- read, and a mismatch writes nothing and returns no row, which the provider reports as a version conflict.
CREATE TABLE IF NOT EXISTS orleans_grain_state (
    service_id          varchar(150) NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_type_hash     integer      NOT NULL,
    grain_id_hash       integer      NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  varchar(512) NOT NULL DEFAULT '',
    payload             bytea        NULL,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pk PRIMARY KEY
        (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
);

-- Cluster membership: a version row per cluster, bumped by every change, and a row per silo incarnation.
CREATE TABLE IF NOT EXISTS orleans_membership_version (
    deployment_id  varchar(150) NOT NULL,
    version        integer      NOT NULL DEFAULT 0,
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership (
    deployment_id    varchar(150) NOT NULL,
    address          varchar(45)  NOT NULL,
    port             integer      NOT NULL,
    generation       integer      NOT NULL,
    silo_name        varchar(150) NOT NULL,
    host_name        varchar(150) NOT NULL,
    status           integer      NOT NULL,
    proxy_port       integer      NULL,
    suspect_times    text         NULL,
    start_time       timestamptz  NOT NULL,
    i_am_alive_time  timestamptz  NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id)
);

-- A silo joins: only when the cluster's version is still the one it read, and only if that incarnation is new.
-- Either both the row and the version bump happen, or neither (the inner block rolls back and answers 0).
CREATE OR REPLACE FUNCTION allocation_insert_membership(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $body$
BEGIN
    BEGIN
        UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
        WHERE deployment_id = p_deployment_id AND version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                        proxy_port, start_time, i_am_alive_time)
        VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
                p_proxy_port, p_start_time, p_i_am_alive_time)
        ON CONFLICT ON CONSTRAINT orleans_membership_pk DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'membership row exists' USING ERRCODE = 'P0001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN raise_exception THEN
        RETURN 0;
    END;
END
$body$;

CREATE OR REPLACE FUNCTION allocation_update_membership(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $body$
BEGIN
    BEGIN
        UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
        WHERE deployment_id = p_deployment_id AND version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;
        UPDATE orleans_membership
        SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
        WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'membership row missing' USING ERRCODE = 'P0001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN raise_exception THEN
        RETURN 0;
    END;
END
$body$;

-- The grain-storage ETag after "current": an integer column would overflow after 2^31 writes of one grain (a busy
-- grain written a thousand times a second gets there in under a month), so the version wraps to 1. An ETag only has
-- to differ from the one a writer read; 1 is long gone by then.
CREATE OR REPLACE FUNCTION allocation_next_version(current_version integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS
$body$ SELECT CASE WHEN current_version = 2147483647 THEN 1 ELSE current_version + 1 END $body$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = allocation_next_version(version), modified_at = now()
    WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
      AND grain_id_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version),
inserted AS (
    INSERT INTO orleans_grain_state (service_id, grain_type, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
                                     grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           COALESCE(CAST(@GrainIdExtensionString AS varchar), ''), @PayloadBinary, 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_pk DO NOTHING
    RETURNING version)
SELECT version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT version FROM inserted
$q$),
('ReadFromStorageKey', $q$
SELECT payload AS PayloadBinary, now() AS ReadAt, version AS Version
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
$q$),
('ClearStorageKey', $q$
UPDATE orleans_grain_state
SET payload = NULL, version = allocation_next_version(version), modified_at = now()
WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version AS NewGrainStateVersion
$q$),
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING allocation_next_version(version) AS NewGrainStateVersion
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT orleans_membership_version_pk DO NOTHING
    RETURNING 1)
SELECT CAST(count(*) AS integer) FROM inserted
$q$),
('InsertMembershipKey', $q$
SELECT allocation_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                                    @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
('UpdateMembershipKey', $q$
SELECT allocation_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                    @IAmAliveTime, @Version)
$q$),
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$q$)
ON CONFLICT ON CONSTRAINT orleansquery_pk DO UPDATE SET querytext = EXCLUDED.querytext;
