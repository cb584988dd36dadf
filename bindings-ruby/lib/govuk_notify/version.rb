# frozen_string_literal: true

module GovukNotify
  # The gem's version: the same as the Rust core and the C library it carries.
  VERSION = "0.1.0"
end
