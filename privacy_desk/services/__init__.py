"""The use cases: one public call is one user action in one transaction, role-checked and audited."""
