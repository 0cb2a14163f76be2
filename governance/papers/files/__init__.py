"""The stored files of papers, content-addressed and checked on read, and the packs made of them."""
