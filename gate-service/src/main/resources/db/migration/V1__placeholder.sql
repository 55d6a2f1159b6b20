CREATE TABLE placeholder (id bigint primary key);
