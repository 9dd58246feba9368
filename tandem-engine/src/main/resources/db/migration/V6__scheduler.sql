-- db-scheduler's table (https://github.com/kagkarlsson/db-scheduler): one row per scheduled task
-- instance; the sync service keeps one per connection (task "tandem-sync", instance = connection id).
-- The same text serves both databases: PostgreSQL stores the times as timestamptz (db-scheduler's
-- PostgreSQL dialect, with SELECT … FOR UPDATE SKIP LOCKED); SQLite takes any type name, and the
-- service's SQLite dialect stores epoch milliseconds in these columns (numeric affinity) and claims
-- executions with db-scheduler's optimistic locking (UPDATE … WHERE version = ?).
CREATE TABLE scheduled_tasks (
  task_name            TEXT                     NOT NULL,
  task_instance        TEXT                     NOT NULL,
  task_data            BYTEA,
  execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
  picked               BOOLEAN                  NOT NULL,
  picked_by            TEXT,
  last_success         TIMESTAMP WITH TIME ZONE,
  last_failure         TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat       TIMESTAMP WITH TIME ZONE,
  version              BIGINT                   NOT NULL,
  priority             SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
