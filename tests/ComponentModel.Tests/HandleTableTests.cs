using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Tests;

public sealed class HandleTableTests
{
    private const int R1 = 1, R2 = 2;

    private static CanonicalAbiTrap Trap(System.Action a) => Assert.Throws<CanonicalAbiTrap>(a);

    [Fact]
    public void IndexZeroIsReservedAndFreedSlotsAreReused()
    {
        var t = new HandleTable();
        uint a = t.ResourceNew(R1, 100), b = t.ResourceNew(R1, 200), c = t.ResourceNew(R2, 300);
        Assert.Equal(new uint[] { 1, 2, 3 }, new[] { a, b, c });
        Assert.False(t.Contains(0));
        Assert.Equal(100u, t.ResourceRep(R1, a));
        var dropped = t.ResourceDrop(R1, b);
        Assert.True(dropped.RunDestructor);
        Assert.Equal(200u, dropped.Rep);
        Assert.Equal(2u, t.ResourceNew(R1, 400)); // reuses the freed slot
        Assert.Equal(3, t.Count);
    }

    [Fact]
    public void UnknownAndWrongTypeHandlesTrap()
    {
        var t = new HandleTable();
        uint a = t.ResourceNew(R1, 7);
        var e = Trap(() => t.ResourceRep(R1, 0));
        Assert.Equal(TrapKind.UnknownHandle, e.Kind);
        Assert.Equal("unknown handle index 0", e.Message);
        Assert.Equal("unknown handle index 5", Trap(() => t.LiftOwn(R1, 5)).Message);
        Assert.Equal("unknown handle index 4294967295", Trap(() => t.ResourceDrop(R1, uint.MaxValue)).Message);
        var wrong = Trap(() => t.LiftOwn(R2, a));
        Assert.Equal(TrapKind.WrongHandleType, wrong.Kind);
        Assert.StartsWith("handle index 1 used with the wrong type", wrong.Message);
        t.ResourceDrop(R1, a);
        Assert.Equal(TrapKind.UnknownHandle, Trap(() => t.ResourceRep(R1, a)).Kind); // use after drop
    }

    [Fact]
    public void OwnTransfersBetweenTables()
    {
        var caller = new HandleTable();
        var callee = new HandleTable();
        uint h = caller.ResourceNew(R1, 42);
        uint rep = caller.LiftOwn(R1, h);
        Assert.False(caller.Contains(h));
        uint h2 = callee.LowerOwn(R1, rep);
        Assert.True(callee.IsOwn(h2));
        Assert.Equal(42u, callee.ResourceRep(R1, h2));
    }

    [Fact]
    public void LentOwnHandleCannotBeMovedOrDroppedUntilTheCallEnds()
    {
        var caller = new HandleTable();
        uint h = caller.ResourceNew(R1, 5);
        var call = caller.EnterCall();
        Assert.Equal(5u, caller.LiftBorrow(R1, h));
        Assert.Equal(1, caller.LendCount(h));
        var e = Trap(() => caller.LiftOwn(R1, h));
        Assert.Equal(TrapKind.HandleBorrowed, e.Kind);
        Assert.Equal("cannot remove owned resource while borrowed", e.Message);
        Assert.Equal(TrapKind.HandleBorrowed, Trap(() => caller.ResourceDrop(R1, h)).Kind);
        caller.ExitImportCall(call);
        Assert.Equal(0, caller.LendCount(h));
        Assert.True(caller.ResourceDrop(R1, h).RunDestructor);
    }

    [Fact]
    public void BorrowsReceivedByAnExportMustBeDroppedBeforeItReturns()
    {
        var callee = new HandleTable();
        var call = callee.EnterCall();
        uint b = callee.LowerBorrow(R1, 9);
        Assert.False(callee.IsOwn(b));
        Assert.Equal(1, callee.BorrowCount(call));
        Assert.Equal(TrapKind.OwnFromBorrow, Trap(() => callee.LiftOwn(R1, b)).Kind);
        var dropped = callee.ResourceDrop(R1, b);
        Assert.False(dropped.RunDestructor);
        Assert.Equal(0, callee.BorrowCount(call));
        callee.ExitExportCall(call);

        var call2 = callee.EnterCall();
        callee.LowerBorrow(R1, 10);
        var e = Trap(() => callee.ExitExportCall(call2));
        Assert.Equal(TrapKind.BorrowsRemain, e.Kind);
        Assert.Equal("borrow handles still remain at the end of the call", e.Message);
    }

    [Fact]
    public void NestedCallsReleaseOnlyTheirOwnLends()
    {
        var t = new HandleTable();
        uint a = t.ResourceNew(R1, 1), b = t.ResourceNew(R1, 2);
        var outer = t.EnterCall();
        t.LiftBorrow(R1, a);
        t.LiftBorrow(R1, b);
        var inner = t.EnterCall();
        t.LiftBorrow(R1, a); // lent twice: by the outer call and the inner one
        Assert.Equal(2, t.LendCount(a));
        uint received = t.LowerBorrow(R2, 9); // counted by the innermost call only
        Assert.Equal(1, t.BorrowCount(inner));
        Assert.Equal(0, t.BorrowCount(outer));
        t.ResourceDrop(R2, received);
        t.ExitImportCall(inner);
        Assert.Equal(1, t.LendCount(a));
        Assert.Equal(1, t.LendCount(b));
        // A call entered after the inner one ended lends afresh from where the outer call's lends stop.
        var next = t.EnterCall();
        t.LiftBorrow(R1, b);
        t.ExitImportCall(next);
        Assert.Equal(1, t.LendCount(b));
        t.ExitImportCall(outer);
        Assert.Equal(0, t.LendCount(a));
        Assert.Equal(0, t.LendCount(b));
    }

    [Fact]
    public void BorrowsLeftByATrappedCallAreCountedByNoLaterCall()
    {
        var t = new HandleTable();
        var failed = t.EnterCall();
        uint left = t.LowerBorrow(R1, 5);
        Assert.Equal(TrapKind.BorrowsRemain, Trap(() => t.ExitExportCall(failed)).Kind);
        var unwound = t.EnterCall();
        uint alsoLeft = t.LowerBorrow(R1, 6);
        t.ExitImportCall(unwound); // the path of a call that trapped before its end

        // A later call at the same depth starts with no borrows, and dropping the old ones does not touch its count.
        var later = t.EnterCall();
        uint fresh = t.LowerBorrow(R1, 7);
        t.ResourceDrop(R1, left);
        t.ResourceDrop(R1, alsoLeft);
        Assert.Equal(1, t.BorrowCount(later));
        Assert.Equal(TrapKind.BorrowsRemain, Trap(() => t.ExitExportCall(later)).Kind);
        t.ResourceDrop(R1, fresh);
        Assert.Equal(0, t.Count);
    }

    [Fact]
    public void ScopesMustBeExitedOnceInReverseOrder()
    {
        var t = new HandleTable();
        var outer = t.EnterCall();
        var inner = t.EnterCall();
        Assert.Throws<System.InvalidOperationException>(() => t.ExitImportCall(outer));
        t.ExitImportCall(inner);
        Assert.Throws<System.InvalidOperationException>(() => t.ExitImportCall(inner));
        Assert.Throws<System.InvalidOperationException>(() => t.BorrowCount(inner));
        t.ExitImportCall(outer);
        var again = t.EnterCall(); // same depth as the ended outer call: its old scope stays ended
        Assert.Throws<System.InvalidOperationException>(() => t.ExitExportCall(outer));
        t.ExitExportCall(again);
        Assert.Throws<System.InvalidOperationException>(() => t.ExitImportCall(default));
    }

    [Fact]
    public void BorrowOfALocalResourceLowersToItsRep()
    {
        var t = new HandleTable();
        t.DefineLocalResource(R1);
        var call = t.EnterCall();
        Assert.Equal(77u, t.LowerBorrow(R1, 77));
        Assert.Equal(0, t.Count);
        Assert.NotEqual(77u, t.LowerBorrow(R2, 77)); // not local: a real borrow handle
        Assert.Equal(1, t.BorrowCount(call));
    }

    [Fact]
    public void CanonicalAbiLiftsAndLowersHandlesThroughTheTable()
    {
        var memory = new ArrayAbiMemory(64);
        var caller = new HandleTable();
        var cx = new CanonicalOptions(memory, null, StringEncoding.Utf8, caller);
        uint own = caller.ResourceNew(R1, 1000), lent = caller.ResourceNew(R2, 2000);
        var type = ValType.Tuple(ValType.Own(R1), ValType.Borrow(R2));
        var call = caller.EnterCall();
        int i = 0;
        var v = CanonicalAbi.LiftFlat(cx, type, new ulong[] { own, lent }, ref i);
        Assert.Equal(ComponentValue.Tuple(ComponentValue.Own(1000), ComponentValue.Borrow(2000)), v);
        Assert.False(caller.Contains(own));
        Assert.Equal(1, caller.LendCount(lent));
        caller.ExitImportCall(call);

        var callee = new HandleTable();
        var calleeCx = new CanonicalOptions(memory, null, StringEncoding.Utf8, callee);
        var exportCall = callee.EnterCall();
        CanonicalAbi.Store(calleeCx, type, v, 8);
        uint ownIndex = System.BitConverter.ToUInt32(memory.Bytes, 8), borrowIndex = System.BitConverter.ToUInt32(memory.Bytes, 12);
        Assert.True(callee.IsOwn(ownIndex));
        Assert.False(callee.IsOwn(borrowIndex));
        Assert.Equal(1000u, callee.ResourceRep(R1, ownIndex));
        Assert.Equal(1, callee.BorrowCount(exportCall));

        // a lifted handle index that does not exist traps with wasmtime's wording
        int k = 0;
        var e = Trap(() => CanonicalAbi.LiftFlat(cx, ValType.Own(R1), new ulong[] { 3 }, ref k));
        Assert.Equal("unknown handle index 3", e.Message);
    }
}
