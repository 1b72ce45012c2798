-- The input fingerprint a published warehouse was built from (its build_info table).
SELECT input_fingerprint FROM build_info;
