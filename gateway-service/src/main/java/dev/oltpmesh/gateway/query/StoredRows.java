package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows one transaction stored in a table, in the order it sent them: every row carries the
 * transaction that inserted it, so after an insert that skipped duplicate keys these are exactly the
 * rows it added.
 */
@Component
public class StoredRows {

    private final RowReader rowReader;

    StoredRows(RowReader rowReader) {
        this.rowReader = rowReader;
    }

    /**
     * @param projection each key of the answer and the column it shows
     * @param maxRows    how many rows the transaction can hold at most
     */
    public List<Map<String, Object>> of(TableDefinition table, String txId, Map<String, String> projection,
                                        int maxRows) {
        List<QueryParser.Projection> columns = new ArrayList<>();
        projection.forEach((key, column) -> columns.add(new QueryParser.Projection(column, key)));
        QueryAnswer answer = rowReader.read(table, new QueryParser.Selection(columns, List.of()),
                List.of(new Filter("_tx", FilterOp.EQ, false, List.of(txId))), List.of(),
                List.of(new Order("_row", false, null)), maxRows, 0, null);
        if (!answer.failed().isEmpty()) {
            throw GatewayException.peersUnavailable(answer.failed());
        }
        return answer.rows();
    }
}
