instances = {
  a = { id = "postgres-aaaa1111", readers = ["bi"] }
  b = { id = "postgres-bbbb2222", cam = true, readers = ["bi", "ml"] }
}
