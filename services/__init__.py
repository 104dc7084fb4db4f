"""The one write path. Every change a person (or the command line) makes goes through one function
here per action, which, inside the caller's transaction:

1. re-reads the acting account (a disabled account, a changed role or district, a forged actor:
   refused) and checks the right in one place (`guard.authorise`);
2. applies the change;
3. writes the audit entry: old → new, who, when and from where (page or command line);
4. advances the data-version stamp atomically, so every running server rereads.

Pages and the command line call only these functions to write; `data_access` keeps the models,
the read queries and the row writers these functions use.
"""
