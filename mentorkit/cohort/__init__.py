"""A cohort on PostgreSQL: `admin` sets up the database and its people (run as the cohort's
administrator); `proposals` is how a mentee and a mentor find each other and work together."""
