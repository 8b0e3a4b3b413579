#pragma once

#include "core/enumnames.h"

namespace vami {

// Where a blob stands (blobs.state). Only complete blobs are visible; writing
// ones become complete or are swept when left unfinished; removed ones wait for
// their chunks to be deleted.
enum class BlobState { Writing, Complete, Removed };

template<>
struct EnumNames<BlobState>
{
    static constexpr std::array<std::pair<BlobState, std::string_view>, 3> names{
        {{BlobState::Writing, "writing"}, {BlobState::Complete, "complete"}, {BlobState::Removed, "removed"}}};
};

} // namespace vami
