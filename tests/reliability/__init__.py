"""Crash and concurrency tests against real server processes (issue 8).

Each test gets a database of its own (SQLite file, or a new database on the suite's PostgreSQL
server), serves the app from `serve.py` in separate processes, drives it over HTTP with CSRF
on, kills servers with SIGKILL, and reads the database and the paper store back afterwards.
"""
