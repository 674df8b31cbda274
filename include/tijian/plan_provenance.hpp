// SPDX-License-Identifier: MIT
// Where a result measured against a plan came from - a health check (check.hpp), an annual check
// over years (trend.hpp) or a five-year evaluation (evaluate.hpp): the library version, and the
// framework, the target profile and the data, each by content hash and by where it was read
// from. With the options the result records, this is enough to reproduce it, as a scoring
// result's provenance (result.hpp) is for a score.
#pragma once

#include <string>

#include "framework.hpp"
#include "panel.hpp"
#include "table.hpp"
#include "targets.hpp"
#include "version.hpp"

namespace tijian {

struct plan_provenance {
  std::string library_version;
  std::string framework_hash;
  std::string profile_hash;  ///< empty without a profile (a trend without targets)
  std::string data_hash;
  std::string framework_source;
  std::string profile;         ///< the profile's name
  std::string profile_source;  ///< the file it was read from ("" when built in code)
  std::string data_source;
};

/// The provenance of a run on `data` with `fw` and, if any, `profile`.
[[nodiscard]] inline plan_provenance provenance_of(const framework& fw, const target_profile* profile,
                                                   const panel& data) {
  plan_provenance p;
  p.library_version = TIJIAN_VERSION;
  p.framework_hash = fw.hash();
  p.data_hash = data.hash();
  p.framework_source = fw.source();
  p.data_source = data.source;
  if (profile) {
    p.profile_hash = profile->hash();
    p.profile = profile->name;
    p.profile_source = profile->file;
  }
  return p;
}

/// The fields of the document group "provenance" (the same keys for every kind of run).
[[nodiscard]] inline document describe(const plan_provenance& p) {
  document d;
  d.field("library_version", p.library_version)
      .field("framework_hash", p.framework_hash)
      .field("profile_hash", p.profile_hash)
      .field("data_hash", p.data_hash)
      .field("framework_source", p.framework_source)
      .field("profile", p.profile)
      .field("profile_source", p.profile_source)
      .field("data_source", p.data_source);
  return d;
}

}  // namespace tijian
