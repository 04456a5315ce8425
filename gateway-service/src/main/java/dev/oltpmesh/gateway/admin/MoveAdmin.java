package dev.oltpmesh.gateway.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Data moves as jobs, forwarded to the config service; role admin. */
@RestController
@Tag(name = "Admin: moves", description = "Data moves as jobs: how far each is, and retrying a failed one; "
        + "a key with the role admin.")
class MoveAdmin {

    private final AdminForwarder forwarder;

    MoveAdmin(AdminForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @GetMapping("/v1/admin/moves")
    @Operation(summary = "Every data move")
    @ApiResponse(responseCode = "200", description = "the moves",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Moves.Move.class))))
    ResponseEntity<byte[]> listMoves(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @GetMapping("/v1/admin/moves/{id}")
    @Operation(summary = "A data move")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(type = "integer", example = "7"))
    @ApiResponse(responseCode = "200", description = "the move",
            content = @Content(schema = @Schema(implementation = Moves.Move.class)))
    @ApiResponse(responseCode = "404", description = "no such move")
    ResponseEntity<byte[]> getMove(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @PostMapping("/v1/admin/moves/{id}/retry")
    @Operation(summary = "Retry a FAILED move", description = "Its copies are discarded, the source settles again and "
            + "the rows are copied and verified anew, as its next attempt.")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(type = "integer", example = "7"))
    @ApiResponse(responseCode = "202", description = "started again",
            content = @Content(schema = @Schema(implementation = Moves.Move.class)))
    @ApiResponse(responseCode = "404", description = "no such move")
    @ApiResponse(responseCode = "409", description = "the move has not FAILED")
    ResponseEntity<byte[]> retryMove(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }
}
